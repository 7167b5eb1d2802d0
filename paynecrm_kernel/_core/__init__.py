"""Compiled kernels (built from ``ext/*.pyx``); see ``paynecrm_kernel.runtime`` for build facts."""
