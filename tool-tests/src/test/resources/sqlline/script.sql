CREATE TABLE cities (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, population BIGINT);
CREATE INDEX cities_by_name ON cities (name);
INSERT INTO cities VALUES (1, 'Oslo', 709000), (2, 'Lima', 9750000), (3, 'Perth', 2190000);
SELECT name, population FROM cities WHERE population > 1000000 ORDER BY id;
SELECT COUNT(*) AS n FROM meridian.cities;
!tables
!columns CITIES
!primarykeys CITIES
!indexes CITIES
!dbinfo
