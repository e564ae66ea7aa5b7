"""Where each record of a CSV text starts: the seed readers name a problem by its file and physical line."""


def row_lines(text: str) -> list[int]:
    """The physical line on which each CSV record starts."""
    lines, line, in_quotes, at_start = [], 1, False, True
    for char in text:
        if at_start:
            lines.append(line)
            at_start = False
        if char == '"':
            in_quotes = not in_quotes
        elif char == "\n":
            line += 1
            if not in_quotes:
                at_start = True
    return lines
