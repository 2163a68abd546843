-- Small SQLite database for the held-out Datasette case (datasette-stations).
-- Build: python3 -c "import sqlite3; sqlite3.connect('observatory.db').executescript(open('observatory.sql').read())"
CREATE TABLE stations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT NOT NULL,
  country TEXT NOT NULL,
  elevation_m INTEGER NOT NULL,
  opened INTEGER NOT NULL
);
INSERT INTO stations VALUES
  (1, 'Harbour Point', 'Bergen', 'Norway', 12, 1961),
  (2, 'Ridge Top', 'Davos', 'Switzerland', 1594, 1948),
  (3, 'Old Mill', 'Ghent', 'Belgium', 9, 1987),
  (4, 'Cedar Hill', 'Asheville', 'USA', 650, 1972),
  (5, 'Salt Flats', 'Uyuni', 'Bolivia', 3656, 2004),
  (6, 'River Bend', 'Lyon', 'France', 173, 1955),
  (7, 'Pine Lake', 'Tampere', 'Finland', 110, 1999),
  (8, 'Canyon Rim', 'Flagstaff', 'USA', 2106, 1966),
  (9, 'Green Bay', 'Galway', 'Ireland', 21, 2011);
CREATE TABLE readings (
  id INTEGER PRIMARY KEY,
  station_id INTEGER NOT NULL REFERENCES stations(id),
  day TEXT NOT NULL,
  temp_c REAL NOT NULL,
  rain_mm REAL NOT NULL
);
INSERT INTO readings VALUES
  (1, 5, '2024-03-01', 14.5, 0.0),
  (2, 5, '2024-03-02', 16.1, 0.2),
  (3, 5, '2024-03-03', 12.8, 3.4),
  (4, 2, '2024-03-01', -4.2, 6.1),
  (5, 2, '2024-03-02', -1.0, 0.0),
  (6, 1, '2024-03-01', 5.3, 12.7),
  (7, 1, '2024-03-02', 6.0, 8.9),
  (8, 8, '2024-03-01', 3.9, 0.0),
  (9, 8, '2024-03-02', 7.4, 0.0),
  (10, 8, '2024-03-03', 9.2, 1.1),
  (11, 6, '2024-03-01', 11.0, 2.5),
  (12, 9, '2024-03-01', 8.1, 9.6);
