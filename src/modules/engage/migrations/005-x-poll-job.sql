-- One pass of the X poller at a time is now a pg-boss job on a one-at-a-time queue: the cursor
-- keeps where the search stands, and no longer a lease.
alter table engage_x_cursors drop column lease_holder, drop column lease_until;
