"""One module per report format; each turns the report view model into text or bytes."""

FORMATS = ("md", "html", "csv", "json", "ics", "xlsx")
