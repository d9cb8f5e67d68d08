import { describe, expect, it } from 'vitest';
import { kafkaDependencies, resolverPom } from './resolve-artifacts.js';

describe('kafkaDependencies', () => {
  it('adds the CLI tools and a log4j2 binding with a matching slf4j 2 API to the broker', () => {
    const ids = kafkaDependencies('4.4.0').map((d) => `${d.groupId}:${d.artifactId}`);
    expect(ids).toEqual([
      'org.apache.kafka:kafka_2.13',
      'org.apache.kafka:kafka-tools',
      'org.slf4j:slf4j-api',
      'org.apache.logging.log4j:log4j-slf4j2-impl',
      'org.apache.logging.log4j:log4j-core',
    ]);
    expect(kafkaDependencies('4.4.0').find((d) => d.artifactId === 'slf4j-api')?.version).toMatch(
      /^2\./,
    );
  });
});

describe('resolverPom', () => {
  it('lists each dependency in a pom-packaged project', () => {
    const pom = resolverPom([{ groupId: 'g', artifactId: 'a', version: '1.2' }]);
    expect(pom).toContain('<packaging>pom</packaging>');
    expect(pom).toContain(
      '<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1.2</version></dependency>',
    );
  });
});
