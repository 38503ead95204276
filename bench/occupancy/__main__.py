import sys

from bench.occupancy.run import main

sys.exit(main())
