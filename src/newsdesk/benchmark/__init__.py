"""Benchmarks behind ``newsdesk bench`` and the scripts in ``bench/``."""
