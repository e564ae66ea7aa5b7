"""``python -m shieldmap.cli``: the same as the ``shieldmap`` command."""

import sys

from shieldmap.cli.main import main

sys.exit(main())
