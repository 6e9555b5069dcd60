"""Publishing: the codec to the released form, Parquet, the card and docs, the release."""
