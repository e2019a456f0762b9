from kit.migrate import run_env
from services.support.models import Base

run_env(Base.metadata)
