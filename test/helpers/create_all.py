"""The oracle for pgdrift's models reader: imports every .py file of a models folder with real
SQLAlchemy and runs metadata.create_all() of every MetaData they declare on a database.

usage: python3 create_all.py PROJECT_ROOT MODELS_PATH DATABASE_URL
"""
import importlib
import pathlib
import sys

import sqlalchemy as sa

root, models, url = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve(), sys.argv[3]
sys.path.insert(0, str(root))
files = [models] if models.is_file() else sorted(p for p in models.rglob("*.py") if "__pycache__" not in p.parts)
metadatas = []
for f in files:
    module = importlib.import_module(".".join(f.relative_to(root).with_suffix("").parts).removesuffix(".__init__"))
    for value in list(vars(module).values()):
        md = value if isinstance(value, sa.MetaData) else getattr(value, "metadata", None)
        if isinstance(md, sa.MetaData) and all(md is not m for m in metadatas):
            metadatas.append(md)
engine = sa.create_engine(url.replace("postgres://", "postgresql+psycopg2://", 1).replace("postgresql://", "postgresql+psycopg2://", 1))
for md in metadatas:
    md.create_all(engine)
print(sum(len(md.tables) for md in metadatas))
