"""identity: accounts, users, codes, tokens, companies, communities

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 22:39:47.061695
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_kit_tables, drop_kit_tables
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables()
    if op.get_bind().dialect.name == "postgresql":
        # trigram index of users.search_name (partial-name search, I5)
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('accounts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('owner_user_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts'))
    )
    op.create_table('communities',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('search_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communities')),
    sa.UniqueConstraint('name', name=op.f('uq_communities_name'))
    )
    op.create_table('companies',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('search_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('name', name=op.f('uq_companies_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('phone_confirmed', sa.Boolean(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('search_name', sa.String(length=201), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('rights', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_pending_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_last_step', sa.Integer(), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_users_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('phone', name=op.f('uq_users_phone'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_users_search_name_trgm', ['search_name'], unique=False, postgresql_using='gin', postgresql_ops={'search_name': 'gin_trgm_ops'})

    op.create_table('community_members',
    sa.Column('community_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_community_members_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_community_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_id', 'user_id', name=op.f('pk_community_members'))
    )
    with op.batch_alter_table('community_members', schema=None) as batch_op:
        batch_op.create_index('ix_community_members_user', ['user_id'], unique=False)

    op.create_table('company_members',
    sa.Column('company_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_members_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_company_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('company_id', 'user_id', name=op.f('pk_company_members'))
    )
    with op.batch_alter_table('company_members', schema=None) as batch_op:
        batch_op.create_index('ix_company_members_user', ['user_id'], unique=False)

    op.create_table('refresh_tokens',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('issued_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('expires_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('rotated_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('revoked_at', kit.types.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_refresh_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_tokens')),
    sa.UniqueConstraint('digest', name=op.f('uq_refresh_tokens_digest'))
    )
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_tokens_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refresh_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('verification_codes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=254), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('expires_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('used_at', kit.types.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_verification_codes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_codes'))
    )
    with op.batch_alter_table('verification_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_codes_digest'), ['digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_codes_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    drop_kit_tables()
    with op.batch_alter_table('verification_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_codes_user_id'))
        batch_op.drop_index(batch_op.f('ix_verification_codes_digest'))

    op.drop_table('verification_codes')
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_family_id'))

    op.drop_table('refresh_tokens')
    with op.batch_alter_table('company_members', schema=None) as batch_op:
        batch_op.drop_index('ix_company_members_user')

    op.drop_table('company_members')
    with op.batch_alter_table('community_members', schema=None) as batch_op:
        batch_op.drop_index('ix_community_members_user')

    op.drop_table('community_members')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_search_name_trgm', postgresql_using='gin', postgresql_ops={'search_name': 'gin_trgm_ops'})
        batch_op.drop_index(batch_op.f('ix_users_account_id'))

    op.drop_table('users')
    op.drop_table('companies')
    op.drop_table('communities')
    op.drop_table('accounts')
