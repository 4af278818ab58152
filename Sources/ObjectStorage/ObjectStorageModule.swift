// Placeholder until the S3 client lands.
enum ObjectStorageModule {}
