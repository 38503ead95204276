import sys

from bench.assignment.run import main

sys.exit(main())
