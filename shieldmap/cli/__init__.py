"""The ``shieldmap`` command: its main in :mod:`shieldmap.cli.main` (the console script and ``python -m
shieldmap.cli``), the shared arguments and messages in :mod:`shieldmap.cli.args`, one module per larger subcommand.

This package's ``__init__`` holds no code, so importing a subcommand's module imports nothing of the others.
"""
