-- Finance and reconciliation officers: national (no unit, station or facility); they see the fines'
-- reconciliation report and the payments waiting in suspense.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('officer', 'station_commander', 'investigator',
  'oversight_liaison', 'ig_office', 'moderator', 'administrator', 'medical_officer', 'finance'));
