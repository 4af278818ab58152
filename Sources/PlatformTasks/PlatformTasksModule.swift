enum PlatformTasksModule {}
