-- A case opened from something that carries its own station wall (an officer's letter to the IG's
-- office): everyone posted at that station, by their account or the officers roster, is kept out
-- of the case, its queue entry and search, as they are kept out of the letter.
alter table cases add column walled_station_id text references stations(id);
