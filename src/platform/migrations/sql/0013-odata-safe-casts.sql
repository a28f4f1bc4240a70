-- OData's cast() of a string gives null when the string is no value of the target type (URL Conventions 4.01
-- §5.1.1.10.1). The compiler checks the spelling with a pattern first; these catch what a pattern cannot see
-- (a 30 February, a number out of range), so that one odd stored value cannot make every query that casts it
-- fail. Each is one subtransaction per call, and only casts of strings use them.

create function odata_try_cast_integer(value text) returns integer language plpgsql immutable strict as $$
begin return value::integer; exception when data_exception then return null; end $$;

create function odata_try_cast_bigint(value text) returns bigint language plpgsql immutable strict as $$
begin return value::bigint; exception when data_exception then return null; end $$;

create function odata_try_cast_numeric(value text) returns numeric language plpgsql immutable strict as $$
begin return value::numeric; exception when data_exception then return null; end $$;

create function odata_try_cast_double(value text) returns double precision language plpgsql immutable strict as $$
begin return value::double precision; exception when data_exception then return null; end $$;

create function odata_try_cast_date(value text) returns date language plpgsql immutable strict as $$
begin return value::date; exception when data_exception then return null; end $$;

-- Stable, not immutable: timestamptz input depends on the session's time zone, though the compiler's pattern
-- only lets through strings with an explicit offset.
create function odata_try_cast_timestamptz(value text) returns timestamptz language plpgsql stable strict as $$
begin return value::timestamptz; exception when data_exception then return null; end $$;
