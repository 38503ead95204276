import sys

from bench.eligibility.run import main

sys.exit(main())
