import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModels } from '../../../src/sources/models/read-models.js';
import { modelsProject, writeProject } from './write-project.js';

/** The DDL create_all would run for app/models.py, one string per statement. */
async function ddl(body: string, extra: Readonly<Record<string, string>> = {}, environ?: Map<string, string>): Promise<string[]> {
  const root = modelsProject(body, extra);
  const read = await readModels(join(root, 'app', 'models.py'), environ ? { environ } : {});
  return read.statements.map((s) => s.sql.replace(/\s+/g, ' '));
}

async function failure(body: string, extra: Readonly<Record<string, string>> = {}): Promise<string> {
  const root = modelsProject(body, extra);
  try {
    await readModels(join(root, 'app'));
  } catch (err) {
    return (err as Error).message.replace(root, '<root>');
  }
  throw new Error('the models were read');
}

describe('models reader: what create_all builds', () => {
  test('column flags as SQLAlchemy renders them: index, unique index, unique, primary key with unique', async () => {
    const out = await ddl(`
class Item(Base):
    __tablename__ = "item"
    id = Column(String, primary_key=True, unique=True)
    sku = Column(String(20), unique=True, index=True)
    name = Column(String, index=True)
    code = Column(String, unique=True)
    price = Column(Numeric(10, 2), nullable=False, server_default="0")
    note = Column(Text, default="x")
`);
    expect(out).toEqual([
      "CREATE TABLE item ( id VARCHAR NOT NULL, sku VARCHAR(20), name VARCHAR, code VARCHAR, price NUMERIC(10, 2) DEFAULT '0' NOT NULL, note TEXT, PRIMARY KEY (id), UNIQUE (id), UNIQUE (code) )",
      'CREATE UNIQUE INDEX ix_item_sku ON item (sku)',
      'CREATE INDEX ix_item_name ON item (name)',
    ]);
  });

  test('a name assigned twice in a class body keeps the last value; relationship and pydantic classes add nothing', async () => {
    const out = await ddl(
      `
from pydantic import BaseModel

class Item(Base):
    __tablename__ = "item"
    id = Column(Integer, primary_key=True)
    label = Column(String)
    label = Column(Text, nullable=False)
    owner = relationship("Owner")

class ItemForm(BaseModel):
    id: int
    label: str
`,
    );
    expect(out).toEqual(['CREATE TABLE item ( id SERIAL NOT NULL, label TEXT NOT NULL, PRIMARY KEY (id) )']);
  });

  test('mixins and abstract bases give their columns; __table_args__ as a tuple ending in a dict', async () => {
    const out = await ddl(`
class Stamped:
    created_at = Column(BigInteger, nullable=False)

class Named(Base):
    __abstract__ = True
    name = Column(String(50), nullable=False)

class Thing(Stamped, Named):
    __tablename__ = "thing"
    id = Column(Integer, primary_key=True)
    __table_args__ = (UniqueConstraint("name", name="thing_name_uq"), Index("thing_created_idx", "created_at"), {"comment": "things"})
`);
    expect(out).toEqual([
      // Mixins in method resolution order, as real SQLAlchemy orders them.
      'CREATE TABLE thing ( id SERIAL NOT NULL, created_at BIGINT NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id), CONSTRAINT thing_name_uq UNIQUE (name) )',
      'CREATE INDEX thing_created_idx ON thing (created_at)',
      "COMMENT ON TABLE thing IS 'things'",
    ]);
  });

  test('an Index written after the class on its mapped columns belongs to its table', async () => {
    const out = await ddl(`
class Event(Base):
    __tablename__ = "event"
    id = Column(Integer, primary_key=True)
    at = Column(BigInteger)

Index("event_at_desc", Event.at.desc())
Index("event_at_id", Event.at, Event.id)
`);
    expect(out.slice(1)).toEqual(['CREATE INDEX event_at_desc ON event (at DESC)', 'CREATE INDEX event_at_id ON event (at, id)']);
  });

  test('Mapped annotations: type from the annotation, nullability from Optional', async () => {
    const out = await ddl(`
import datetime
from typing import Optional

class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    body: Mapped[Optional[str]] = mapped_column(Text)
    seen: Mapped[datetime.datetime | None]
    flag: Mapped[bool] = mapped_column(default=False)
`);
    expect(out).toEqual(['CREATE TABLE note ( id SERIAL NOT NULL, title VARCHAR NOT NULL, body TEXT, seen TIMESTAMP WITHOUT TIME ZONE, flag BOOLEAN NOT NULL, PRIMARY KEY (id) )']);
  });

  test('a Python enum: labels are the member names, the type is named after the class; values_callable takes the values', async () => {
    const out = await ddl(`
import enum

class Color(enum.Enum):
    red = "R"
    green = "G"

class Paint(Base):
    __tablename__ = "paint"
    id = Column(Integer, primary_key=True)
    color = Column(Enum(Color))
    shade = Column(Enum(Color, name="shade", values_callable=lambda e: [m.value for m in e]))
`);
    expect(out.slice(0, 2)).toEqual(["CREATE TYPE color AS ENUM ('red', 'green')", "CREATE TYPE shade AS ENUM ('R', 'G')"]);
  });

  test('a naming convention names keys, constraints and indexes as SQLAlchemy does', async () => {
    const out = await ddl(
      `
class Account(Base):
    __tablename__ = "account"
    id = Column(Integer, primary_key=True)
    email = Column(String, unique=True)
    org_id = Column(Integer, ForeignKey("org.id"), index=True)
    __table_args__ = (CheckConstraint("id > 0", name="positive"),)

class Org(Base):
    __tablename__ = "org"
    id = Column(Integer, primary_key=True)
`,
      {
        'app/db.py': `from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s", "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s",
}))
`,
      },
    );
    expect(out).toEqual([
      'CREATE TABLE org ( id SERIAL NOT NULL, CONSTRAINT pk_org PRIMARY KEY (id) )',
      'CREATE TABLE account ( id SERIAL NOT NULL, email VARCHAR, org_id INTEGER, CONSTRAINT pk_account PRIMARY KEY (id), CONSTRAINT ck_account_positive CHECK (id > 0), CONSTRAINT uq_account_email UNIQUE (email), CONSTRAINT fk_account_org_id_org FOREIGN KEY(org_id) REFERENCES org (id) )',
      'CREATE INDEX ix_account_org_id ON account (org_id)',
    ]);
  });

  test('the schema may come from os.environ: --env gives it, else the default', async () => {
    const extra = {
      'app/db.py': `import os
from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=MetaData(schema=os.environ.get("APP_SCHEMA")))
`,
    };
    const body = 'class T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n';
    expect(await ddl(body, extra)).toEqual(['CREATE TABLE t ( id SERIAL NOT NULL, PRIMARY KEY (id) )']);
    // create_all expects the schema to exist; the shadow makes it.
    expect(await ddl(body, extra, new Map([['APP_SCHEMA', 'tenant']]))).toEqual(['CREATE SCHEMA IF NOT EXISTS tenant', 'CREATE TABLE tenant.t ( id SERIAL NOT NULL, PRIMARY KEY (id) )']);
  });

  test('single-table inheritance adds the subclass columns to the parent table; Table() objects join the metadata', async () => {
    const out = await ddl(`
class Animal(Base):
    __tablename__ = "animal"
    id = Column(Integer, primary_key=True)
    kind = Column(String(10))

class Dog(Animal):
    barks = Column(Boolean)

pet_owner = Table("pet_owner", Base.metadata, Column("animal_id", ForeignKey("animal.id"), primary_key=True), Column("owner", String, primary_key=True))
`);
    expect(out).toEqual([
      'CREATE TABLE animal ( id SERIAL NOT NULL, kind VARCHAR(10), barks BOOLEAN, PRIMARY KEY (id) )',
      'CREATE TABLE pet_owner ( animal_id INTEGER NOT NULL, owner VARCHAR NOT NULL, PRIMARY KEY (animal_id, owner), FOREIGN KEY(animal_id) REFERENCES animal (id) )',
    ]);
  });

  test('a foreign-key cycle is closed with ALTER TABLE once both tables exist', async () => {
    const out = await ddl(`
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    b_id = Column(Integer, ForeignKey("b.id", use_alter=True, name="a_b_fk"))

class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a.id"))
`);
    expect(out).toEqual([
      'CREATE TABLE a ( id SERIAL NOT NULL, b_id INTEGER, PRIMARY KEY (id) )',
      'CREATE TABLE b ( id SERIAL NOT NULL, a_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(a_id) REFERENCES a (id) )',
      'ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY(b_id) REFERENCES b (id)',
    ]);
  });

  test('ORM-only helpers: deferred(), column_property(), MutableDict.as_mutable(), hybrid properties, validators', async () => {
    const out = await ddl(`
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.ext.mutable import MutableDict

class Doc(Base):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
    body = deferred(Column(Text))
    data = Column(MutableDict.as_mutable(JSONB))

    @hybrid_property
    def size(self):
        return len(self.body)

    @size.expression
    def size(cls):
        return func.length(cls.body)

    @validates("body")
    def check_body(self, key, value):
        return value
`);
    expect(out).toEqual(['CREATE TABLE doc ( id SERIAL NOT NULL, body TEXT, data JSONB, PRIMARY KEY (id) )']);
  });

  test('a failing statement that cannot declare schema (a constant from another library, a service object) is not needed', async () => {
    const out = await ddl(`
import bcrypt

HASH = bcrypt.hashpw(b"x", bcrypt.gensalt())

class Service:
    def __init__(self):
        raise Exception("needs the environment")

service = Service()

class T(Base):
    __tablename__ = "t"
    id = Column(Integer, primary_key=True)
`);
    expect(out).toEqual(['CREATE TABLE t ( id SERIAL NOT NULL, PRIMARY KEY (id) )']);
  });
});

describe('models reader: refuses what it cannot read completely (exit 2, file:line:column)', () => {
  test('a column type of a library pgdrift does not know', async () => {
    expect(await failure('import geoalchemy2\n\nclass Place(Base):\n    __tablename__ = "place"\n    id = Column(Integer, primary_key=True)\n    where = Column(geoalchemy2.Geometry("POINT"))\n')).toMatch(
      /^<root>\/app\/models\.py:10:20: cannot interpret the call to geoalchemy2\.Geometry\(\).*in the model class Place \(attribute where\)$/,
    );
  });

  test('a foreign key to a table no model declares', async () => {
    expect(await failure('class T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n    u = Column(Integer, ForeignKey("nowhere.id"))\n')).toMatch(
      /^<root>\/app\/models\.py:5:1: cannot interpret the foreign key of 't' \(u\) to 'nowhere', a table no model declares/,
    );
  });

  test('a model-level Index whose arguments cannot be read', async () => {
    expect(await failure('import somelib\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n\nIndex("t_x", somelib.expr(T.id))\n')).toMatch(
      /^<root>\/app\/models\.py:11:14: cannot interpret the call to somelib\.expr\(\).*which a statement that may declare models needs \(.*models\.py:11:1\)$/,
    );
  });

  test('an imported module pgdrift cannot parse, when it mentions SQLAlchemy', async () => {
    const broken = { 'app/helpers.py': 'from sqlalchemy import Column\nx = (\n' };
    expect(await failure('from app.helpers import x\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n', broken)).toMatch(/helpers\.py:\d+:\d+: cannot interpret the Python syntax/);
  });

  test('SQLModel classes, a class without __tablename__, and a folder without models', async () => {
    expect(await failure('from sqlmodel import SQLModel\n\nclass Hero(SQLModel, table=True):\n    id: int\n')).toMatch(/SQLModel class Hero/);
    expect(await failure('class T(Base):\n    id = Column(Integer, primary_key=True)\n')).toMatch(/the model class T: it has no __tablename__ or __table__/);
    const empty = writeProject({ 'app/__init__.py': '', 'app/util.py': 'X = 1\n' });
    await expect(readModels(join(empty, 'app'))).rejects.toThrow(/no SQLAlchemy model or Table found/);
    await expect(readModels(join(empty, 'nothing'))).rejects.toThrow(/no such file or folder/);
    await expect(readModels(join(empty, 'app', '__init__.py').replace('.py', '.txt'))).rejects.toThrow(/no such file or folder|not a Python file/);
  });

  test('a type_annotation_map pgdrift cannot evaluate is not skipped, nor a type it maps to that pgdrift does not know', async () => {
    const body = 'class T(Base):\n    __tablename__ = "t"\n    id: Mapped[int] = mapped_column(primary_key=True)\n    price: Mapped[somelib.Money]\n';
    const base = (map: string) => ({ 'app/db.py': `import somelib\nfrom sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    type_annotation_map = ${map}\n` });
    expect(await failure(`import somelib\n${body}`, base('{str: somelib.make_type()}'))).toMatch(/db\.py:5:33: cannot interpret the call to somelib\.make_type\(\)/);
    expect(await failure(`import somelib\n${body}`, base('{somelib.Money: somelib.MoneyType}'))).toMatch(/models\.py:9:12: cannot interpret the sa\.Column argument somelib\.MoneyType \(table 't'\)/);
  });
});

describe('models reader: what SQLAlchemy does after the class statement, and what is never skipped', () => {
  test('a column assigned to a mapped class later, an Enum and a Sequence made on the MetaData, a naming convention changed later', async () => {
    const out = await ddl(`
from sqlalchemy import Sequence

class User(Base):
    __tablename__ = "user"
    id = Column(Integer, primary_key=True)

User.email = Column(String(200), nullable=False)
Base.metadata.naming_convention["pk"] = "pk_%(table_name)s"
Mood = Enum("happy", "sad", name="mood", metadata=Base.metadata)
OrderNo = Sequence("order_no_seq", start=1000, increment=10, metadata=Base.metadata)
`);
    expect(out).toEqual([
      "CREATE TYPE mood AS ENUM ('happy', 'sad')",
      'CREATE SEQUENCE order_no_seq INCREMENT BY 10 START WITH 1000',
      'CREATE TABLE "user" ( id SERIAL NOT NULL, email VARCHAR(200) NOT NULL, CONSTRAINT pk_user PRIMARY KEY (id) )',
    ]);
  });

  test('what SQLAlchemy leaves out: a system column, a constraint of no columns; a primary key named without columns takes the flagged ones', async () => {
    const out = await ddl(`
from sqlalchemy import Computed, PrimaryKeyConstraint

class Doc(Base):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
    code = Column(Numeric(10, 0), primary_key=True)
    xmin = Column("xmin", Integer, system=True)
    total = Column(Integer, Computed("id * 2"))
    __table_args__ = (UniqueConstraint(), PrimaryKeyConstraint(name="doc_pk"))
`);
    // Numeric keys are never SERIAL unless asked (SQLAlchemy 2.1); Computed is STORED before PostgreSQL 18.
    expect(out).toEqual(['CREATE TABLE doc ( id INTEGER NOT NULL, code NUMERIC(10, 0) NOT NULL, total INTEGER GENERATED ALWAYS AS (id * 2) STORED, CONSTRAINT doc_pk PRIMARY KEY (id, code) )']);
  });

  test('annotations: an explicit type wins over an annotation pgdrift has no type for; bytes; declared_attr.directive', async () => {
    const out = await ddl(`
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declared_attr

class Blob(Base):
    @declared_attr.directive
    def __tablename__(cls):
        return "blob"
    id: Mapped[int] = mapped_column(primary_key=True)
    meta: Mapped[dict] = mapped_column(JSONB)
    data: Mapped[bytes]
`);
    expect(out).toEqual(['CREATE TABLE blob ( id SERIAL NOT NULL, meta JSONB NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (id) )']);
  });

  test.each([
    ['a table made by a function whose body the subset cannot follow', 'import itertools\n\ndef audit(name):\n    return Table(name, Base.metadata, *[Column(f"c{a}", Integer) for a, b in itertools.product([1], [2])])\n\naudit("user_audit")\n', /itertools\.product/],
    ['a class made by type()', 'Tag = type("Tag", (Base,), {"__tablename__": "tag", "id": Column(Integer, primary_key=True), "x": object.__new__(object)})\n', /cannot interpret/],
    ['an event that adds DDL', 'class U(Base):\n    __tablename__ = "u"\n    id = Column(Integer, primary_key=True)\n\nfrom sqlalchemy import DDL, event\nevent.listen(U.__table__, "after_create", DDL("CREATE INDEX i ON u (id)"))\n', /sqlalchemy\.event\.listen\(\)/],
    ['a class-body statement that binds nothing the reader sees', 'class U(Base):\n    __tablename__ = "u"\n    id = Column(Integer, primary_key=True)\n    locals()["extra"] = Column(Integer)\n', /in the model class U$/],
    ['a column changed after mapping', 'class U(Base):\n    __tablename__ = "u"\n    id = Column(Integer, primary_key=True)\n    e = Column(String)\n\nU.__table__.c.e.nullable = False\n', /assigning to/],
  ])('refused, never skipped: %s', async (_name, body, message) => {
    expect(await failure(body)).toMatch(message);
  });

  test('an import pgdrift cannot parse is refused when its module mentions SQLAlchemy, even inside try/except', async () => {
    const broken = { 'app/billing.py': 'from sqlalchemy import Column\nwith (open("a") as a, open("b") as b):\n    pass\n' };
    expect(await failure('try:\n    import app.billing\nexcept ImportError:\n    pass\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n', broken)).toMatch(/billing\.py:\d+:\d+: cannot interpret the Python syntax/);
  });

  test('a symbolic link leading out of the project is refused; one inside is followed', async () => {
    const root = modelsProject('class T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n');
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'more.py'), 'X = 1\n');
    symlinkSync(join(root, 'outside', 'more.py'), join(root, 'app', 'more.py'));
    await expect(readModels(join(root, 'app'))).rejects.toThrow(/app\/more\.py: a symbolic link leading outside the project/);
  });
});

describe('models reader: what a trial on real projects found', () => {
  const typed = (body: string) =>
    ddl(body, {
      'app/db.py': 'from sqlalchemy import Integer\nfrom sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\nclass Base(DeclarativeBase):\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n',
    });

  test('columns written in the declarative base body are every model’s; a TypeDecorator class is instantiated (its load_dialect_impl picks UUID)', async () => {
    const out = await typed(`
from sqlalchemy import CHAR
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.types import TypeDecorator

class GUID(TypeDecorator):
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(UUID())
        return dialect.type_descriptor(CHAR(32))

class Item(Base):
    __tablename__ = "item"
    ref = Column(GUID, nullable=False)
`);
    expect(out).toEqual(['CREATE TABLE item ( ref UUID NOT NULL, id SERIAL NOT NULL, PRIMARY KEY (id) )']);
  });

  test('use_existing_column in single-table inheritance reuses the column; ORM events are no schema', async () => {
    const out = await typed(`
from sqlalchemy import event

class Ev(Base):
    __tablename__ = "ev"
    kind: Mapped[str] = mapped_column(String(10))
    __mapper_args__ = {"polymorphic_on": "kind"}

class A(Ev):
    source: Mapped[str] = mapped_column(String, use_existing_column=True)

class B(Ev):
    source: Mapped[str] = mapped_column(String, use_existing_column=True)

@event.listens_for(Ev, "after_insert")
def audit(mapper, connection, target):
    pass
`);
    expect(out).toEqual(['CREATE TABLE ev ( kind VARCHAR(10) NOT NULL, id SERIAL NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY (id) )']);
  });

  test('a failed statement that only queries a model is harmless (a function importing its own Config)', async () => {
    const out = await ddl(`
import os

class Config(Base):
    __tablename__ = "config"
    id = Column(Integer, primary_key=True)

def migrate():
    from alembic.config import Config
    return Config(os.environ["X"])

def save(data):
    return session.query(Config).first()

if os.path.exists(f"{DATA_DIR}/config.json"):
    save(migrate())
`);
    expect(out).toEqual(['CREATE TABLE config ( id SERIAL NOT NULL, PRIMARY KEY (id) )']);
  });

  test('a base whose __init_subclass__ may rename tables is refused', async () => {
    const extra = { 'app/db.py': 'from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    def __init_subclass__(cls):\n        cls.__tablename__ = "x_" + cls.__tablename__\n' };
    expect(await failure('class T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n', extra)).toMatch(/the model class T: Base\.__init_subclass__ may change its table/);
  });
});
