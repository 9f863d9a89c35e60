// The clients' API speaks in `AWSCredentials` and `SigV4Signer`, so users of AWSClients get the signer module too.
@_exported import AWSSigV4
