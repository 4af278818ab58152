enum WarehouseModule {}
