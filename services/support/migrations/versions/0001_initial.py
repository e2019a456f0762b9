"""support: reference data (departments with their agents, ticket types, work types, criticalities, customer organisations with members, objects, contracts), tickets with their messages, attachments, read marks and completed-works acts, the Telegram support bot's links, conversations and handled updates; the kit's tables, ticket numbers and people

Revision ID: 0001
Revises: 
Create Date: 2026-11-30 23:28:24.355313
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from sqlalchemy.dialects import postgresql

from kit.migration_ops import (
    create_counters_table, create_kit_tables, create_number_sequence, drop_counters_table, drop_kit_tables,
    drop_number_sequence,
)
from services.support.models import FIRST_TICKET_NUMBER

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables()
    create_counters_table()
    create_number_sequence("ticket", FIRST_TICKET_NUMBER)
    op.create_table('bot_conversations',
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('chat_id', name=op.f('pk_bot_conversations'))
    )
    op.create_table('bot_updates',
    sa.Column('update_id', sa.BigInteger(), nullable=False),
    sa.Column('received_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('update_id', name=op.f('pk_bot_updates'))
    )
    op.create_table('criticalities',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('first_reply_minutes', sa.Integer(), nullable=False),
    sa.Column('resolution_minutes', sa.Integer(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criticalities')),
    sa.UniqueConstraint('name', name=op.f('uq_criticalities_name'))
    )
    op.create_table('departments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('required_fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('name', name=op.f('uq_departments_name'))
    )
    op.create_table('organisation_members',
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('organisation_id', 'user_id', name=op.f('pk_organisation_members'))
    )
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_members_user_id'), ['user_id'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('people',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('full_name', sa.String(length=201), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('as_of', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_account_id'), ['account_id'], unique=False)

    op.create_table('telegram_links',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('confirmed_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_telegram_links')),
    sa.UniqueConstraint('chat_id', name=op.f('uq_telegram_links_chat_id')),
    sa.UniqueConstraint('username', name=op.f('uq_telegram_links_username'))
    )
    op.create_table('ticket_types',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_types')),
    sa.UniqueConstraint('name', name=op.f('uq_ticket_types_name'))
    )
    op.create_table('work_types',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_types')),
    sa.UniqueConstraint('name', name=op.f('uq_work_types_name'))
    )
    op.create_table('contracts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_contracts_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('department_agents',
    sa.Column('department_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_department_agents_department_id_departments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('department_id', 'user_id', name=op.f('pk_department_agents'))
    )
    with op.batch_alter_table('department_agents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_agents_user_id'), ['user_id'], unique=False)

    op.create_table('objects',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_objects_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objects'))
    )
    with op.batch_alter_table('objects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objects_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('contract_objects',
    sa.Column('contract_id', sa.String(length=36), nullable=False),
    sa.Column('object_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_objects_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['object_id'], ['objects.id'], name=op.f('fk_contract_objects_object_id_objects')),
    sa.PrimaryKeyConstraint('contract_id', 'object_id', name=op.f('pk_contract_objects'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('department_id', sa.String(length=36), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('type_id', sa.String(length=36), nullable=True),
    sa.Column('criticality_id', sa.String(length=36), nullable=True),
    sa.Column('work_type_id', sa.String(length=36), nullable=True),
    sa.Column('organisation_id', sa.String(length=36), nullable=True),
    sa.Column('object_id', sa.String(length=36), nullable=True),
    sa.Column('contract_id', sa.String(length=36), nullable=True),
    sa.Column('order_number', sa.BigInteger(), nullable=True),
    sa.Column('service_id', sa.String(length=100), nullable=True),
    sa.Column('author_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('assignee_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('first_reply_due', kit.types.UtcDateTime(), nullable=True),
    sa.Column('deadline', kit.types.UtcDateTime(), nullable=True),
    sa.Column('first_replied_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('resolved_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('closed_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('first_reply_warned_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('deadline_warned_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('message_seq', sa.Integer(), nullable=False),
    sa.Column('request_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_tickets_contract_id_contracts')),
    sa.ForeignKeyConstraint(['criticality_id'], ['criticalities.id'], name=op.f('fk_tickets_criticality_id_criticalities')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_tickets_department_id_departments')),
    sa.ForeignKeyConstraint(['object_id'], ['objects.id'], name=op.f('fk_tickets_object_id_objects')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_tickets_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['type_id'], ['ticket_types.id'], name=op.f('fk_tickets_type_id_ticket_types')),
    sa.ForeignKeyConstraint(['work_type_id'], ['work_types.id'], name=op.f('fk_tickets_work_type_id_work_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('author_id', 'request_key', name='uq_tickets_author_request'),
    sa.UniqueConstraint('number', name=op.f('uq_tickets_number'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index('ix_tickets_author_created', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_tickets_department_created', ['department_id', 'created_at'], unique=False)
        batch_op.create_index('ix_tickets_first_reply_due', ['first_reply_due'], unique=False)
        batch_op.create_index('ix_tickets_organisation_created', ['organisation_id', 'created_at'], unique=False)
        batch_op.create_index('ix_tickets_status_deadline', ['status', 'deadline'], unique=False)

    op.create_table('acts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('ticket_id', sa.String(length=36), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('issued_by', sa.String(length=36), nullable=False),
    sa.Column('issued_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('accepted_by', sa.String(length=36), nullable=True),
    sa.Column('accepted_at', kit.types.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_acts_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acts')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_acts_ticket_id'))
    )
    op.create_table('ticket_messages',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('ticket_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('author_kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('request_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_messages_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_messages')),
    sa.UniqueConstraint('author_id', 'request_key', name='uq_ticket_messages_author_request'),
    sa.UniqueConstraint('ticket_id', 'seq', name='uq_ticket_messages_ticket_seq')
    )
    op.create_table('ticket_reads',
    sa.Column('ticket_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('last_read_seq', sa.Integer(), nullable=False),
    sa.Column('unread', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_reads_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ticket_id', 'user_id', name=op.f('pk_ticket_reads'))
    )
    with op.batch_alter_table('ticket_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_reads_user_id'), ['user_id'], unique=False)

    op.create_table('act_works',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('act_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('quantity_milli', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['act_id'], ['acts.id'], name=op.f('fk_act_works_act_id_acts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_act_works'))
    )
    with op.batch_alter_table('act_works', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_act_works_act_id'), ['act_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('uploader_id', sa.String(length=36), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['ticket_messages.id'], name=op.f('fk_attachments_message_id_ticket_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_uploader_id'), ['uploader_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_uploader_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_message_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('act_works', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_act_works_act_id'))

    op.drop_table('act_works')
    with op.batch_alter_table('ticket_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_reads_user_id'))

    op.drop_table('ticket_reads')
    op.drop_table('ticket_messages')
    op.drop_table('acts')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_status_deadline')
        batch_op.drop_index('ix_tickets_organisation_created')
        batch_op.drop_index('ix_tickets_first_reply_due')
        batch_op.drop_index('ix_tickets_department_created')
        batch_op.drop_index('ix_tickets_author_created')
        batch_op.drop_index(batch_op.f('ix_tickets_assignee_id'))

    op.drop_table('tickets')
    op.drop_table('contract_objects')
    with op.batch_alter_table('objects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objects_organisation_id'))

    op.drop_table('objects')
    with op.batch_alter_table('department_agents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_agents_user_id'))

    op.drop_table('department_agents')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_organisation_id'))

    op.drop_table('contracts')
    op.drop_table('work_types')
    op.drop_table('ticket_types')
    op.drop_table('telegram_links')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_account_id'))

    op.drop_table('people')
    op.drop_table('organisations')
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_members_user_id'))

    op.drop_table('organisation_members')
    op.drop_table('departments')
    op.drop_table('criticalities')
    op.drop_table('bot_updates')
    op.drop_table('bot_conversations')
    drop_number_sequence("ticket")
    drop_counters_table()
    drop_kit_tables()
