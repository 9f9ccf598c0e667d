"""`python -m pmo_handbook.cli`: the same as the pmo-handbook script."""
import sys

from pmo_handbook.cli import main

sys.exit(main())
