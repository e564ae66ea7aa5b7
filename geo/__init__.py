"""shieldmap geography: borders, layers and map building."""
