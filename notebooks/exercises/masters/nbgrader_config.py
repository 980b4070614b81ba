# nbgrader settings for releasing these masters with nbgrader instead of `python -m tools.sheets`
# (copy a master to <course>/source/<sheet>/ and run `nbgrader generate_assignment <sheet>`).
# The masters follow nbgrader's conventions: solution regions between "### BEGIN SOLUTION" and
# "### END SOLUTION" in code cells tagged "solution" with nbgrader solution metadata. tools/sheets.py
# replaces a region with "q1 = ...  # your answer"; nbgrader's stub is one text for every cell, so it
# gets the part after "q1 = " (tools.sheets.NBGRADER_STUB; tests/test_sheets.py keeps the two equal).
# Cells tagged "solution" without a region and cells tagged "student-only" are handled by
# tools/sheets.py only; nbgrader keeps them.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearSolutions.code_stub = {"python": "...  # your answer"}

# Cells tagged "solution" without a solution region belong to the solutions only (tools/sheets.py
# drops them from the sheet): drop them from nbgrader's student version too.
from nbconvert.preprocessors import Preprocessor  # noqa: E402
from nbgrader.converters import GenerateAssignment  # noqa: E402


class DropSolutionOnlyCells(Preprocessor):
    enabled = True  # nbconvert registers a preprocessor class disabled unless it says so

    def preprocess(self, nb, resources):
        nb.cells = [
            cell
            for cell in nb.cells
            if not ("solution" in cell.metadata.get("tags", []) and "BEGIN SOLUTION" not in cell.source)
        ]
        return nb, resources


c.GenerateAssignment.preprocessors = [
    DropSolutionOnlyCells,
    *GenerateAssignment.class_traits()["preprocessors"].default(),
]
