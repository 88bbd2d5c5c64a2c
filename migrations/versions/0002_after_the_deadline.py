"""after the deadline: periods stay open for late reports, days late, explanation requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('explanation_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('answer_due', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('answered_at', bot.db.types.UTCDateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_explanation_request_agency_id_agency')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['person.id'], name=op.f('fk_explanation_request_answered_by_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_period.id'], name=op.f('fk_explanation_request_period_id_reporting_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_explanation_request_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'], name=op.f('fk_explanation_request_requested_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_explanation_request'))
    )
    with op.batch_alter_table('explanation_request', schema=None) as batch_op:
        batch_op.create_index('ix_explanation_request_period_agency', ['period_id', 'agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_explanation_request_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('reporting_period', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', bot.db.types.UTCDateTime(), nullable=True))

    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_late', sa.Integer(), nullable=False, server_default='0'))



def downgrade() -> None:
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_column('days_late')

    with op.batch_alter_table('reporting_period', schema=None) as batch_op:
        batch_op.drop_column('closed_at')

    with op.batch_alter_table('explanation_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_explanation_request_plan_id'))
        batch_op.drop_index('ix_explanation_request_period_agency')

    op.drop_table('explanation_request')
