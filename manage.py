#!/usr/bin/env python
from jiwon.cli import main

if __name__ == "__main__":
    main()
