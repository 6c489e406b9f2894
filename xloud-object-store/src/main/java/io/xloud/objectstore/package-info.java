/** Object Storage: one durable object engine, served as Swift v1 and as S3. */
package io.xloud.objectstore;
