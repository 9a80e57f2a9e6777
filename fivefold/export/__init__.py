"""One module per report format; each turns the report view model into text or bytes."""

FORMATS = ("md", "html", "csv", "json", "ics", "xlsx", "docx")
MODULES = {"md": "markdown", "ics": "ical", "docx": "word"}  # a format whose module is named otherwise
