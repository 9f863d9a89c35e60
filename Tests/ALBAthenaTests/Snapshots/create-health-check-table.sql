CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`alb_health_check_logs` (
  `type`            string,
  `time`            string,
  `latency`         double,
  `target_addr`     string,
  `target_group_id` string,
  `status`          string,
  `status_code`     string,
  `reason_code`     string,
  `elb`             string,
  `ip_address`      string
)
PARTITIONED BY (`day` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([-.0-9]*) ([^ ]*) ([^ ]*) ([A-Z]*) ([^ ]*) ([^ ]*)(?: ([^ ]*)(?: ([^ ]*)(?: .*)?)?)?'
)
LOCATION 's3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.day.type' = 'date',
  'projection.day.range' = '2022/01/01,NOW',
  'projection.day.format' = 'yyyy/MM/dd',
  'projection.day.interval' = '1',
  'projection.day.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/${day}'
)
;