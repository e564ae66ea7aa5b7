"""``python -m shieldmap.cli``: the same as the ``shieldmap`` command."""

import sys

from shieldmap.cli import main

sys.exit(main())
