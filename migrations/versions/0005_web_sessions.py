"""web dashboard: one-time login links and sessions (both stored hashed)

Revision ID: 0005
Revises: 0003_task_kind
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = '0005'
down_revision: str | None = '0003_task_kind'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('web_login_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('used_at', bot.db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_web_login_link_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_login_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_web_login_link_token_hash'))
    )
    with op.batch_alter_table('web_login_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_login_link_person_id'), ['person_id'], unique=False)

    op.create_table('web_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.Column('created_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_web_session_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_web_session_token_hash'))
    )
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_session_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_session_person_id'))
    op.drop_table('web_session')
    with op.batch_alter_table('web_login_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_login_link_person_id'))
    op.drop_table('web_login_link')
