"""Exports: the one-page PDF brief (`brief`), the business-case workbook (`workbook`) and the
command line (`__main__`). Import the module you need: the package itself loads nothing."""
