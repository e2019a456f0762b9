from kit.migrate import run_env
from services.billing.models import Base

run_env(Base.metadata)
