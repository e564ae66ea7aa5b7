"""A no-op marker for texts shown to people that are defined below the front ends (layer titles, model
titles, key rows): ``N_("...")`` leaves the text as it is and lets ``pybabel extract`` find it; the front
ends translate it where they show it (``shieldmap.i18n._``). geo/ and layers/ import nothing above them."""


def N_(message: str) -> str:
    return message
