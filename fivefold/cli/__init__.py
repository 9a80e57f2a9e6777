"""The command line: the only code that parses arguments, prints, prompts or exits."""
