"""`python -m bench`: the benchmark ladder; see bench/run.py and BENCHMARKS.md."""

import sys

from bench.run import main

sys.exit(main())
