"""Left out of the kernels that Voila starts (deploy/voila/classroom_guard.py puts this folder first
on their PYTHONPATH): ipykernel imports debugpy at start for a debugger that a Voila page never
offers, which costs every kernel about 16 MiB and 0.8 s (benchmarks/README.md, 'A class of 40').
ipykernel catches this ImportError and runs without its debugger."""

raise ImportError("debugpy is not loaded in the classroom's Voila kernels (deploy/voila/kernel_site)")
