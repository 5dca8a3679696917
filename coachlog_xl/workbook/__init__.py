"""The workbook layer: builds the template and reads and writes the sheets of a .xlsx file."""
