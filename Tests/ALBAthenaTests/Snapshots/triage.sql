-- alb-doctor triage: timeline
SELECT substr(time, 1, 16) AS minute, elb_status_code, signature, source,
  count(*) AS requests, min(time) AS first_time, max(time) AS last_time
FROM (
  SELECT time, elb_status_code,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target-returned-502'
      WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
      WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
      WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
      WHEN target_ip = '' THEN 'other/no-target'
      WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
        AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
      ELSE 'no-valid-response'
    END AS signature,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target'
      WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%') THEN 'load_balancer'
      ELSE 'other'
    END AS source
  FROM "default"."alb_access_logs"
  WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
    AND (time IS NULL OR (time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'))
)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
;

-- alb-doctor triage: targets
SELECT elb, target_group, target, signature,
  count(*) AS requests, min(time) AS first_time, max(time) AS last_time,
  count_if(coalesce(signature, '') = 'no-valid-response' AND coalesce(target_processing_time, -1) >= 0 AND coalesce(target_processing_time, -1) < 0.010) AS fast
FROM (
  SELECT
    time, elb, elb_status_code, client_ip, target_ip, target_port, target_processing_time,
    nullif(target_group_arn, '-') AS target_group,
    CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
    CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END AS target,
    split_part(split_part(request_url, '?', 1), '#', 1) AS url_path,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target-returned-502'
      WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
      WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
      WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
      WHEN target_ip = '' THEN 'other/no-target'
      WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
        AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
      ELSE 'no-valid-response'
    END AS signature,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target'
      WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%') THEN 'load_balancer'
      ELSE 'other'
    END AS source
  FROM "default"."alb_access_logs"
  WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
    AND time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'
)
GROUP BY 1, 2, 3, 4
ORDER BY 6, 1, 2, 3, 4
;

-- alb-doctor triage: pathsAndClients
SELECT grouping(url_path) AS by_client, url_path, client, signature,
  count(*) AS requests, min(time) AS first_time, max(time) AS last_time,
  count_if(coalesce(signature, '') = 'no-valid-response' AND coalesce(target_processing_time, -1) >= 0 AND coalesce(target_processing_time, -1) < 0.010) AS fast,
  count(DISTINCT CASE WHEN signature = 'no-valid-response' THEN target END) AS no_valid_response_targets
FROM (
  SELECT
    time, elb, elb_status_code, client_ip, target_ip, target_port, target_processing_time,
    nullif(target_group_arn, '-') AS target_group,
    CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
    CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END AS target,
    split_part(split_part(request_url, '?', 1), '#', 1) AS url_path,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target-returned-502'
      WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
      WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
      WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
      WHEN target_ip = '' THEN 'other/no-target'
      WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
        AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
      ELSE 'no-valid-response'
    END AS signature,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target'
      WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%') THEN 'load_balancer'
      ELSE 'other'
    END AS source
  FROM "default"."alb_access_logs"
  WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
    AND time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'
)
GROUP BY GROUPING SETS ((url_path, signature), (client, signature))
ORDER BY 1, 6, 2, 3, 4
;

-- alb-doctor triage: processingTimes
SELECT signature, target_processing_time, count(*) AS requests
FROM (
  SELECT
    time, elb, elb_status_code, client_ip, target_ip, target_port, target_processing_time,
    nullif(target_group_arn, '-') AS target_group,
    CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
    CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END AS target,
    split_part(split_part(request_url, '?', 1), '#', 1) AS url_path,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target-returned-502'
      WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
      WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
      WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
      WHEN target_ip = '' THEN 'other/no-target'
      WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
        AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
      ELSE 'no-valid-response'
    END AS signature,
    CASE
      WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
      WHEN target_status_code = '502' THEN 'target'
      WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%') THEN 'load_balancer'
      ELSE 'other'
    END AS source
  FROM "default"."alb_access_logs"
  WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
    AND time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'
)
WHERE signature IS NOT NULL
GROUP BY 1, 2
ORDER BY 1, 2
;

-- alb-doctor triage: bursts
SELECT target, url_path, requests, last_time
FROM (
  SELECT target, url_path, bucket, requests, last_time,
    dense_rank() OVER (PARTITION BY target ORDER BY bucket DESC) AS recent
  FROM (
    SELECT target, url_path, substr(time, 1, 21) AS bucket, count(*) AS requests, max(time) AS last_time
    FROM (
      SELECT
        time, elb, elb_status_code, client_ip, target_ip, target_port, target_processing_time,
        nullif(target_group_arn, '-') AS target_group,
        CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
        CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END AS target,
        split_part(split_part(request_url, '?', 1), '#', 1) AS url_path,
        CASE
          WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
          WHEN target_status_code = '502' THEN 'target-returned-502'
          WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
          WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
          WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
          WHEN target_ip = '' THEN 'other/no-target'
          WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
            AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
          ELSE 'no-valid-response'
        END AS signature,
        CASE
          WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
          WHEN target_status_code = '502' THEN 'target'
          WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%') THEN 'load_balancer'
          ELSE 'other'
        END AS source
      FROM "default"."alb_access_logs"
      WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
        AND time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'
    )
    WHERE signature = 'no-valid-response' AND target IS NOT NULL
    GROUP BY 1, 2, 3
  )
)
WHERE recent <= 21
ORDER BY 1, 4, 2
;

-- alb-doctor triage: examples
SELECT signature, target, url_path, type, time, elb, client_ip, client_port, target_ip, target_port, request_processing_time, target_processing_time, response_processing_time, elb_status_code, target_status_code, received_bytes, sent_bytes, request_verb, request_url, request_proto, user_agent, ssl_cipher, ssl_protocol, target_group_arn, trace_id, domain_name, chosen_cert_arn, matched_rule_priority, request_creation_time, actions_executed, redirect_url, lambda_error_reason, target_port_list, target_status_code_list, classification, classification_reason, conn_trace_id, transformed_host, transformed_uri, request_transform_status
FROM (
  SELECT *,
    row_number() OVER (PARTITION BY signature ORDER BY time, trace_id) AS by_signature,
    row_number() OVER (PARTITION BY signature, target ORDER BY time, trace_id) AS by_target,
    row_number() OVER (PARTITION BY signature, url_path ORDER BY time, trace_id) AS by_path
  FROM (
    SELECT
      CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END AS target,
      split_part(split_part(request_url, '?', 1), '#', 1) AS url_path,
      CASE
        WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
        WHEN target_status_code = '502' THEN 'target-returned-502'
        WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
        WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
        WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
        WHEN target_ip = '' THEN 'other/no-target'
        WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
          AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
        ELSE 'no-valid-response'
      END AS signature,
      type, time, elb, client_ip, client_port, target_ip, target_port, request_processing_time, target_processing_time, response_processing_time, elb_status_code, target_status_code, received_bytes, sent_bytes, request_verb, request_url, request_proto, user_agent, ssl_cipher, ssl_protocol, target_group_arn, trace_id, domain_name, chosen_cert_arn, matched_rule_priority, request_creation_time, actions_executed, redirect_url, lambda_error_reason, target_port_list, target_status_code_list, classification, classification_reason, conn_trace_id, transformed_host, transformed_uri, request_transform_status
    FROM "default"."alb_access_logs"
    WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
      AND time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'
      AND elb_status_code = 502
  )
)
WHERE by_signature <= 3 OR by_target <= 2 OR by_path <= 2
ORDER BY time, trace_id
LIMIT 2000
;
