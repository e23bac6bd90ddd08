"""季度通报: the county's quarterly bulletin as plain data, an A4 PDF and a print-ready workbook.

- `data`: the quarter (bounds, name, title, as-of) and what the bulletin says, as data
  (`bulletin_data`);
- `wording`: its Chinese sentences and section titles;
- `pdf`: the ReportLab document (`bulletin_pdf`);
- `xlsx`: the workbook, one sheet per section (`bulletin_xlsx`).

`bulletin_pdf` and `bulletin_xlsx` only format the data.
"""
from .data import bulletin_as_of, bulletin_data, bulletin_title, quarter_bounds, quarter_name
from .pdf import bulletin_pdf
from .xlsx import bulletin_xlsx

__all__ = ["bulletin_as_of", "bulletin_data", "bulletin_pdf", "bulletin_title", "bulletin_xlsx",
           "quarter_bounds", "quarter_name"]
