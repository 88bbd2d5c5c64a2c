"""task kind: a plan's tasks and its agencies' general duties

A plan whose tasks sit in a table (or in "Đơn vị chủ trì: …" fields) also lists, in its section
"Tổ chức thực hiện", each agency's general duties. They are imported as tasks of kind "duty":
shown apart, never reminded, never counted in reports. Existing rows are tasks.

Revision ID: 0003_task_kind
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_task_kind"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum("task", "duty", name="taskkind", native_enum=False, length=20),
                server_default="task",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("kind")
