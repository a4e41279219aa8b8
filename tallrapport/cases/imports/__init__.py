"""The import of the advisors' spreadsheets: see :mod:`tallrapport.cases.imports.services`."""
