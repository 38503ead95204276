import sys

from bench.subsidy.run import main

sys.exit(main())
