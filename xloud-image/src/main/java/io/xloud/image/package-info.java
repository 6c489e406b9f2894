/** Image service (Glance v2): image records and their bytes in the object engine, shared, tagged and listed as Glance does. */
package io.xloud.image;
