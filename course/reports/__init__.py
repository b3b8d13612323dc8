"""The only place that aggregates: every report's queries, returning typed rows.

Each report issues the same number of queries however many people there are.
"""

from course.reports.common import Scope, departments
from course.reports.items import ItemAnalysis, ItemRow, QuizLesson, item_analysis, quiz_lessons
from course.reports.matrix import PAGE_SIZE, Matrix, MatrixRow, OverdueRow, full_matrix, matrix, matrix_states, overdue
from course.reports.record import AttemptRecord, LessonRecord, PersonRecord, person_record
from course.reports.summary import DepartmentCompletion, ModuleSummary, completion_by_department, module_summary

__all__ = [
    "PAGE_SIZE", "AttemptRecord", "DepartmentCompletion", "ItemAnalysis", "ItemRow", "LessonRecord",
    "Matrix", "MatrixRow", "ModuleSummary", "OverdueRow", "PersonRecord", "QuizLesson", "Scope",
    "completion_by_department", "departments", "full_matrix", "item_analysis", "matrix",
    "matrix_states",
    "module_summary", "overdue", "person_record", "quiz_lessons",
]
