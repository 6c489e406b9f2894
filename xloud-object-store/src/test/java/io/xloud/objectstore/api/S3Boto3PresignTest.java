package io.xloud.objectstore.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * boto3 as Debian 12 ships it (1.26) presigns with Signature Version 2 when no region is configured: its default
 * presigned PUT and GET must work. Skipped where python3 with boto3 is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3Boto3PresignTest
{
    private static final String SCRIPT = """
            import http.client, sys, urllib.parse, urllib.request, boto3
            from botocore.config import Config
            endpoint = sys.argv[1]
            setup = boto3.client("s3", endpoint_url=endpoint, region_name="RegionOne", config=Config(signature_version="s3v4"))
            setup.create_bucket(Bucket="presign-bucket")
            s3 = boto3.client("s3", endpoint_url=endpoint)
            put = s3.generate_presigned_url("put_object", Params={"Bucket": "presign-bucket", "Key": "p.txt"}, ExpiresIn=300)
            assert "AWSAccessKeyId=" in put and "Signature=" in put, put
            # as curl -T or requests.put send it: no Content-Type, which the URL signed empty
            url = urllib.parse.urlsplit(put)
            connection = http.client.HTTPConnection(url.netloc)
            connection.request("PUT", url.path + "?" + url.query, body=b"presigned body")
            response = connection.getresponse()
            assert response.status == 200, (response.status, response.read())
            get = s3.generate_presigned_url("get_object", Params={"Bucket": "presign-bucket", "Key": "p.txt"}, ExpiresIn=300)
            with urllib.request.urlopen(get) as response:
                assert response.read() == b"presigned body"
            # and its SigV4 requests for us-east-1, its default region, are redirected to ours by the Region of the error
            plain = boto3.client("s3", endpoint_url=endpoint, config=Config(signature_version="s3v4"))
            assert [o["Key"] for o in plain.list_objects_v2(Bucket="presign-bucket")["Contents"]] == ["p.txt"]
            print("boto3 presign ok")
            """;

    @TempDir
    static Path dataDir;

    private S3TestHost host;

    @BeforeAll
    void start()
            throws Exception
    {
        host = new S3TestHost(dataDir.resolve("host"));
    }

    @AfterAll
    void stop()
            throws Exception
    {
        host.close();
    }

    @Test
    void boto3DefaultPresignedPutAndGetWork()
            throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import boto3").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "boto3 is not installed");

        Path script = dataDir.resolve("presign.py");
        Files.writeString(script, SCRIPT);
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString(), "http://127.0.0.1:" + host.port() + "/s3")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_ACCESS_KEY_ID", S3TestHost.MEMBER);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", S3TestHost.SECRET);
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
        }

        assertThat(done).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("boto3 presign ok");
    }
}
