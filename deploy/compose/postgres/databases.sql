-- one database per service (deploy/services.txt)
create database concerts;
create database users;
create database carts;
create database reservations;
create database orders;
create database payments;
create database delivery;
create database finance;
