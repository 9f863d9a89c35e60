CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`alb_connection_logs` (
  `time`                           string,
  `client_ip`                      string,
  `client_port`                    int,
  `listener_port`                  int,
  `tls_protocol`                   string,
  `tls_cipher`                     string,
  `tls_handshake_latency`          double,
  `leaf_client_cert_subject`       string,
  `leaf_client_cert_validity`      string,
  `leaf_client_cert_serial_number` string,
  `tls_verify_status`              string,
  `conn_trace_id`                  string,
  `tls_keyexchange`                string,
  `elb`                            string,
  `ip_address`                     string
)
PARTITIONED BY (`day` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([0-9]*) ([0-9]*) ([^ ]*) ([^ ]*) ([-.0-9]*) "?((?<=")(?:[^"\\\\]|\\\\.)*(?=")|-)"? ([^ ]*) ([^ ]*) ([^ ]*)(?: ([^ ]*)(?: ([^ ]*)(?: ([^ ]*)(?: ([^ ]*)(?: .*)?)?)?)?)?'
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