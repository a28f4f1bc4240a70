-- Reserved: the number of the OData change-tracking migration (row_version
-- and tombstones), which is written on another branch. This placeholder
-- keeps the numbering without gaps until that migration replaces it.
select 1;
